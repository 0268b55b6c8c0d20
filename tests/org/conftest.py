from tests.core.conftest import fast_password_hashing  # noqa: F401  (autouse in this area)
