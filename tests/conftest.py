"""Shared fixtures: a few named personas built through the services, as users would be."""

from __future__ import annotations

import pytest
from personas import HA_NOI, HO_CHI_MINH, make_user

from sangkien.accounts import services
from sangkien.accounts.models import Role, UnitLevel, User
from sangkien.geo.models import Province


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    needs_postgres = pytest.mark.skip(reason="PostgreSQL only; runs in the PostgreSQL pass")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(needs_postgres)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a directory of the test's own."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tmp_path / "media"}}}
    settings.REGISTRY_KEY_FILE = tmp_path / "registry-signing.key"
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"


@pytest.fixture(autouse=True)
def _places_after_flush(request):
    """Transactional tests flush every table, the places of the data migration included."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    if transactional or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        from sangkien.geo.services import places_load

        if not Province.objects.exists():
            places_load()
        from sangkien.registry.models import LogHead

        LogHead.objects.get_or_create(pk=1)


@pytest.fixture
def hanoi_unit(db):
    return services.unit_create(code="sokhcn-ha-noi", name="Sở Khoa học và Công nghệ Hà Nội",
                                level=UnitLevel.PROVINCIAL,
                                territory=[Province.objects.get(code=HA_NOI)])


@pytest.fixture
def hcm_unit(db):
    return services.unit_create(code="sokhcn-tp-hcm",
                                name="Sở Khoa học và Công nghệ TP. Hồ Chí Minh",
                                level=UnitLevel.PROVINCIAL,
                                territory=[Province.objects.get(code=HO_CHI_MINH)])


@pytest.fixture
def proposer(db) -> User:
    """Chị Lan, an engineer in Hà Nội who submits initiatives."""
    return make_user("lan.nguyen@example.vn", "Nguyễn Thị Lan", province_code=HA_NOI)


@pytest.fixture
def officer_hanoi(hanoi_unit) -> User:
    """Anh Minh, an officer of Hà Nội's Department of Science and Technology."""
    user = make_user("minh.tran@sokhcn.hanoi.gov.vn", "Trần Văn Minh", province_code=HA_NOI)
    services.unit_officer_add(hanoi_unit, user)
    return user


@pytest.fixture
def officer_hcm(hcm_unit) -> User:
    """Chị Hoa, an officer of Ho Chi Minh City's Department of Science and Technology."""
    user = make_user("hoa.le@sokhcn.hcm.gov.vn", "Lê Thị Hoa", province_code=HO_CHI_MINH)
    services.unit_officer_add(hcm_unit, user)
    return user


@pytest.fixture
def admin_user(db) -> User:
    return make_user("admin@sangkien.vn", "Quản trị viên", roles=(Role.ADMIN,))
