"""The registry end to end: a submission becomes an entry, the author gets a receipt that
verifies offline, tampering is caught, and nothing confidential leaves through it."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from personas import HA_NOI, make_user
from samples import make_pdf

from sangkien.accounts import services as accounts
from sangkien.accounts.models import UnitLevel
from sangkien.core.events import deliver_pending
from sangkien.geo.models import Province
from sangkien.initiatives import attachments, services
from sangkien.initiatives.services import AuthorShare
from sangkien.registry.models import Checkpoint, LogEntry, TreeNode
from sangkien.registry.receipts import verify_receipt
from sangkien.registry.services import registry_audit

pytestmark = pytest.mark.django_db
SECRET = "Công thức men gốm bí mật số 7"
TITLE = "Men gốm chịu nhiệt từ tro trấu"


@pytest.fixture
def received(proposer, hanoi_unit):
    accounts.unit_create(code="nafosted", name="NAFOSTED", level=UnitLevel.NATIONAL)
    services.routing_rule_set(hanoi_unit, provinces=[Province.objects.get(code=HA_NOI)])
    initiative = services.initiative_create(proposer, {
        "title": TITLE, "summary": "Men gốm rẻ hơn.", "description": SECRET,
        "current_solution": "Men nhập khẩu.", "purpose": "Giảm giá thành.", "novelty": "Tro trấu.",
        "applicability": "Làng gốm.", "expected_benefits": "Giảm 20% chi phí.",
        "fields": ["2.5"], "trl": 5, "province": Province.objects.get(code=HA_NOI),
    }, [AuthorShare("Nguyễn Thị Lan", "70", user=proposer), AuthorShare("Lê Văn Hùng", "30")])
    attachments.attachment_add(initiative, proposer,
                               SimpleUploadedFile("cong-thuc-men.pdf", make_pdf()))
    services.initiative_submit(initiative, proposer)
    deliver_pending("registry")
    return initiative


def _submit_more(proposer, count, title):
    for n in range(count):
        services.initiative_submit(services.initiative_create(proposer, {
            "title": f"{title}{n}", "summary": "Tóm tắt.", "description": "Mô tả.",
            "current_solution": "Cũ.", "purpose": "Mục đích.", "novelty": "Mới.",
            "applicability": "Rộng.", "expected_benefits": "Lợi.", "fields": ["2.5"], "trl": 3,
            "province": Province.objects.get(code=HA_NOI)}, [AuthorShare("Lan", "100")]),
            proposer)


def _receipt(client, initiative, number=1):
    response = client.get(f"/registry/receipts/{initiative.pk}/{number}.json")
    assert response.status_code == 200, response.content
    return response.json()


def _content(client, initiative, number=1):
    return client.get(f"/registry/content/{initiative.pk}/{number}.json").content


def test_submission_becomes_one_entry_of_hashes_only(received, proposer):
    entry = LogEntry.objects.get()
    body = json.loads(entry.body)
    version = received.versions.get()
    assert (entry.index, body["version"], body["content_sha256"]) == (
        0, 1, version.content_sha256)
    assert body["attachments"] == [{"sha256": hashlib.sha256(make_pdf()).hexdigest(),
                                    "size": len(make_pdf())}]
    assert body["authors"] == [{"user": proposer.pk, "share": "70.00"},
                               {"user": None, "share": "30.00"}]
    for text in (SECRET, TITLE, "Nguyễn Thị Lan", "Lê Văn Hùng", "cong-thuc-men"):
        assert text not in entry.body
    deliver_pending("registry")  # delivered again: appended once
    assert LogEntry.objects.count() == 1


def test_receipt_verifies_with_the_content_and_the_attachment(client, received, proposer):
    client.force_login(proposer)
    receipt = _receipt(client, received)
    content = _content(client, received)
    report = verify_receipt(receipt, {
        "content.json": hashlib.sha256(content).hexdigest(),
        "cong-thuc-men.pdf": hashlib.sha256(make_pdf()).hexdigest()})
    assert report.ok, report
    assert report.files == {"content.json": "the content of the version",
                            "cong-thuc-men.pdf": "an attachment of the version"}
    page = client.get(f"/registry/receipts/{received.pk}/1/")
    assert receipt["verifier_key"] in page.text
    for text in (SECRET, "Lê Văn Hùng"):
        assert text not in json.dumps(receipt, ensure_ascii=False)


def _flip(text: str, at: int) -> str:
    return text[:at] + ("A" if text[at] != "A" else "B") + text[at + 1:]


def test_one_changed_byte_anywhere_is_refused(client, received, proposer):
    client.force_login(proposer)
    services.initiative_create(proposer, {  # a second entry, so the proof is not empty
        "title": "Khác", "summary": "Khác.", "fields": ["2.5"], "trl": 2,
        "province": Province.objects.get(code=HA_NOI)}, [AuthorShare("Lan", "100")])
    receipt = _receipt(client, received)
    good = hashlib.sha256(make_pdf()).hexdigest()
    assert verify_receipt(receipt, {"a.pdf": good}).ok
    bad_file = hashlib.sha256(make_pdf()[:-1] + b"\x00").hexdigest()
    assert not verify_receipt(receipt, {"a.pdf": bad_file}).ok
    entry = receipt["entry"].replace('"version":1', '"version":2')
    assert not verify_receipt({**receipt, "entry": entry}).ok
    checkpoint = receipt["checkpoint"]
    signature_at = checkpoint.rindex(" ") + 10
    assert not verify_receipt({**receipt, "checkpoint": _flip(checkpoint, signature_at)}).ok
    assert not verify_receipt({**receipt, "checkpoint": checkpoint.replace("\n1\n", "\n2\n")}).ok
    assert not verify_receipt({**receipt, "index": 1}).ok
    if receipt["inclusion_proof"]:
        bent = [_flip(receipt["inclusion_proof"][0], 3)]
        assert not verify_receipt({**receipt, "inclusion_proof": bent}).ok


def test_receipt_verifies_offline_with_no_database(client, received, proposer, tmp_path):
    client.force_login(proposer)
    (tmp_path / "receipt.json").write_text(json.dumps(_receipt(client, received)))
    (tmp_path / "content.json").write_bytes(_content(client, received))
    (tmp_path / "men.pdf").write_bytes(make_pdf())
    (tmp_path / "other.pdf").write_bytes(make_pdf() + b"\n")
    with connection.cursor() as cursor:  # the log is gone from the database
        for table in ("registry_logentry", "registry_treenode", "registry_checkpoint"):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed names)
    assert not LogEntry.objects.exists()
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing",
           "DJANGO_SETTINGS_MODULE": "not.a.module"}
    run = [sys.executable, "-m", "sangkien.cli", "verify", "receipt.json", "content.json",
           "men.pdf"]
    done = subprocess.run(run, cwd=tmp_path, env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("VALID")
    failed = subprocess.run([*run[:-2], "other.pdf"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, check=False)
    assert failed.returncode == 1 and "FAIL: other.pdf: no match" in failed.stdout


def test_receipts_are_for_readers_only(client, received, officer_hanoi, officer_hcm):
    for user, status in ((None, 404), (make_user("khac@example.vn"), 404), (officer_hcm, 404),
                         (officer_hanoi, 200)):
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in (f"/registry/receipts/{received.pk}/1.json",
                    f"/registry/receipts/{received.pk}/1/",
                    f"/registry/content/{received.pk}/1.json"):
            assert client.get(url).status_code == status, (user, url)


def test_public_read_api_reveals_hashes_only(client, received):
    checkpoint = client.get("/registry/checkpoint")
    assert checkpoint["Content-Type"].startswith("text/plain")
    assert checkpoint.text.split("\n")[1] == "1"
    listed = client.get("/registry/entries", {"start": 0, "end": 10}).json()["entries"]
    assert [e["index"] for e in listed] == [0]
    page = client.get("/registry/checkpoints/").text
    for text in (json.dumps(listed, ensure_ascii=False), checkpoint.text, page):
        assert SECRET not in text and TITLE not in text and "Lê Văn Hùng" not in text
    assert client.get("/registry/entries", {"end": "x"}).status_code == 400
    assert client.get("/registry/proof/consistency", {"first": 0, "second": 5}).status_code \
        == 400


def test_audit_names_an_entry_altered_in_storage(received, proposer):
    _submit_more(proposer, 3, "Sáng kiến ")
    deliver_pending("registry")
    assert registry_audit() == (4, [])
    with connection.cursor() as cursor:  # what an intruder with database access might do
        cursor.execute("UPDATE registry_logentry SET body = REPLACE(body, '\"version\":1', "
                       "'\"version\":9') WHERE \"index\" = 2")
    _size, problems = registry_audit()
    assert problems[0] == ("entry 2 was altered: its text no longer hashes to its leaf hash")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM registry_logentry WHERE \"index\" = 1")
    assert "entry 1 is missing (removed from storage)" in registry_audit()[1]


def test_consistency_between_any_two_checkpoints(client, received, proposer):
    from sangkien.registry import merkle
    from sangkien.registry.services import checkpoint_sign

    first = checkpoint_sign()
    assert Checkpoint.objects.get() == first
    _submit_more(proposer, 5, "Thêm ")
    deliver_pending("registry")
    proof = client.get("/registry/proof/consistency", {"first": 1, "second": 6}).json()
    import base64
    decoded = [base64.b64decode(p) for p in proof["proof"]]
    assert merkle.verify_consistency(1, 6, bytes.fromhex(first.root),
                                     base64.b64decode(proof["second_root"]), decoded)
    assert TreeNode.objects.filter(level=0).count() == 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_processes_appending_at_once_get_consecutive_indexes(proposer, tmp_path):
    initiatives = [services.initiative_create(proposer, {
        "title": f"Đồng thời {n}", "summary": "Tóm tắt.", "fields": ["2.5"], "trl": 3,
        "province": Province.objects.get(code=HA_NOI)}, [AuthorShare("Lan", "100")])
        for n in range(8)]
    go = tmp_path / "go"
    script = (
        "import os, sys, time, django\n"
        "django.setup()\n"
        "from sangkien.initiatives.models import Initiative\n"
        "from sangkien.registry.services import registry_append\n"
        "subject = Initiative.objects.get(pk=int(sys.argv[1]))\n"
        f"while not os.path.exists({str(go)!r}): time.sleep(0.005)\n"
        "print(registry_append('test.concurrency', subject, 1, {'n': subject.pk}).index)\n")
    name = connection.settings_dict["NAME"]
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
           "DJANGO_SETTINGS_MODULE": "sangkien.settings"}
    workers = [subprocess.Popen([sys.executable, "-c", script, str(i.pk)], env=env,
                                stdout=subprocess.PIPE, text=True) for i in initiatives]
    Path(go).touch()
    indexes = sorted(int(w.communicate(timeout=120)[0].strip()) for w in workers)
    assert indexes == list(range(8))
    assert sorted(LogEntry.objects.values_list("index", flat=True)) == list(range(8))
    assert registry_audit() == (8, [])


def test_a_batch_appends_in_order_and_never_twice(db):
    from django.contrib.contenttypes.models import ContentType

    from sangkien.registry.services import NewEntry, registry_append_many

    subject = ContentType.objects.first()
    first = registry_append_many([NewEntry("test.batch", subject, n, {"n": n})
                                  for n in range(3)])
    again = registry_append_many([NewEntry("test.batch", subject, n, {"n": n})
                                  for n in (2, 3, 3, 4)])
    assert [e.index for e in first] == [0, 1, 2]
    assert [e.index for e in again] == [2, 3, 3, 4]
    assert list(LogEntry.objects.values_list("index", flat=True)) == [0, 1, 2, 3, 4]
    assert registry_audit() == (5, [])


def test_posted_demands_are_logged_by_hash(received):
    import datetime
    from decimal import Decimal

    from sangkien.accounts.models import Role
    from sangkien.initiatives import demands

    orderer = make_user("dathang@example.vn", roles=(Role.ORDERER,))
    demand = demands.demand_post(orderer, {
        "title": "Lò nung gốm tiết kiệm gas", "problem": "Tốn gas.", "outcome": "Giảm 30%.",
        "budget_min": Decimal(1), "budget_max": Decimal(2), "deadline": datetime.date(2027, 1, 1),
        "province": Province.objects.get(code=HA_NOI), "fields": ["2.5"],
        "contact_name": "An", "contact_email": "an@example.vn"})
    deliver_pending("registry")
    entry = LogEntry.objects.get(kind="demand")
    body = json.loads(entry.body)
    assert (entry.index, body["demand"], len(body["content_sha256"])) == (1, demand.pk, 64)
    assert "Lò nung" not in entry.body


def test_audit_names_entries_reordered_in_storage(received, proposer):
    _submit_more(proposer, 2, "Thứ tự ")
    deliver_pending("registry")
    from sangkien.registry.services import checkpoint_sign

    checkpoint_sign()
    one, two = LogEntry.objects.filter(index__in=[1, 2]).order_by("index")
    with connection.cursor() as cursor:  # swap the two rows' contents, hashes and all
        for index, row in ((1, two), (2, one)):
            cursor.execute("UPDATE registry_logentry SET body = %s, leaf_hash = %s, "
                           "subject_id = %s WHERE \"index\" = %s",
                           [row.body, row.leaf_hash, row.subject_id + "-", index])
    _size, problems = registry_audit()
    assert "entry 1 was altered or moved: it is not the leaf the tree recorded at that " \
           "position" in problems
    assert "entry 2 was altered or moved: it is not the leaf the tree recorded at that " \
           "position" in problems
    assert "checkpoint 3 no longer matches the entries before it" in problems


def test_the_verify_page_checks_an_uploaded_receipt(client, received, proposer):
    client.force_login(proposer)
    receipt = json.dumps(_receipt(client, received)).encode()
    client.logout()  # anyone may verify
    good = client.post("/registry/verify/", {
        "receipt": SimpleUploadedFile("receipt.json", receipt),
        "files": [SimpleUploadedFile("men.pdf", make_pdf())]}, headers={"accept-language": "en"})
    assert "The receipt is valid." in good.text and "an attachment of the version" in good.text
    forged = receipt.replace(b'\\"version\\":1', b'\\"version\\":2')
    assert forged != receipt
    bad = client.post("/registry/verify/", {
        "receipt": SimpleUploadedFile("receipt.json", forged)}, headers={"accept-language": "en"})
    assert "The receipt does not verify." in bad.text
    junk = client.post("/registry/verify/", {
        "receipt": SimpleUploadedFile("receipt.json", b"\xff not json")},
        headers={"accept-language": "en"})
    assert "This file is not a receipt (JSON)." in junk.text


def test_entries_stored_before_a_crash_are_covered_by_the_next_checkpoint(db):
    from django.contrib.contenttypes.models import ContentType

    from sangkien.registry import merkle
    from sangkien.registry.services import checkpoint_sign, consistency_proof, registry_append

    subject = ContentType.objects.first()
    for n in range(3):  # stored and committed, but no checkpoint signed (the "crash")
        registry_append("test.crash", subject, n, {"n": n})
    assert not Checkpoint.objects.exists()
    first = checkpoint_sign()
    for n in range(3, 5):
        registry_append("test.crash", subject, n, {"n": n})
    second = checkpoint_sign()
    assert (first.size, second.size) == (3, 5)
    assert merkle.verify_consistency(3, 5, bytes.fromhex(first.root), bytes.fromhex(second.root),
                                     consistency_proof(3, 5))
    assert checkpoint_sign() == second  # nothing new: no new checkpoint
