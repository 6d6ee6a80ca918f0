# A package, so that its conftest is imported as `browser.conftest` and does not shadow
# tests/conftest.py, which the test modules import as `conftest` (PASSWORD, make_user).
