"""The log in the C2SP tlog-tiles layout: paths, tiles of hashes, entry bundles."""

from __future__ import annotations

import pytest

from sangkien.registry import merkle
from sangkien.registry.models import LogEntry
from sangkien.registry.tiles import decode_index, encode_index, entry_bundle, parse_tile_path


@pytest.mark.parametrize(("n", "path"), [(0, "000"), (5, "005"), (999, "999"),
                                         (1000, "x001/000"), (1234067, "x001/x234/067")])
def test_indexes_are_split_in_groups_of_three(n, path):
    assert encode_index(n) == path
    assert decode_index(path) == n


@pytest.mark.parametrize("path", ["0/5", "0/x5/005", "01/000", "0/000.p/0", "0/000.p/256",
                                  "a/000", "0/000.p/07"])
def test_malformed_tile_paths_are_refused(path):
    with pytest.raises(ValueError):
        parse_tile_path(path)


def test_entry_bundle_prefixes_lengths():
    assert entry_bundle([b"ab", b""]) == b"\x00\x02ab\x00\x00"


@pytest.mark.django_db
def test_tiles_hold_the_trees_hashes_and_entries(client):
    from django.contrib.contenttypes.models import ContentType

    from sangkien.registry.services import registry_append

    subject = ContentType.objects.first()
    tree = merkle.Tree()
    for n in range(300):
        entry = registry_append("test.tile", subject, n, {"n": n})
        tree.append(entry.body.encode())
    full = client.get("/registry/tile/0/000")
    assert full.status_code == 200 and len(full.content) == 256 * 32
    assert full.content[32 * 7:32 * 8] == tree.node(0, 7)
    partial = client.get("/registry/tile/0/001.p/44")
    assert partial.content == b"".join(tree.node(0, 256 + i) for i in range(44))
    assert client.get("/registry/tile/0/001").status_code == 404  # not complete yet
    assert client.get("/registry/tile/0/001.p/45").status_code == 404
    level_one = client.get("/registry/tile/1/000.p/1")
    assert level_one.content == tree.node(8, 0)
    bundle = client.get("/registry/tile/entries/001.p/2").content
    bodies = [e.body.encode() for e in LogEntry.objects.filter(index__in=[256, 257])
              .order_by("index")]
    assert bundle == entry_bundle(bodies)
