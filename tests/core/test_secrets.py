"""The password goes to the keyring when one works, to process memory otherwise, never to disk."""

from __future__ import annotations

from keyring.backends import fail

from desktop_app.core.secrets import SERVICE, SecretStore
from tests.conftest import MemoryKeyring


def test_keyring_round_trip_and_delete():
    ring = MemoryKeyring()
    store = SecretStore(ring)
    assert store.keyring_available()
    assert store.set_password("EKU9003173C9", "s3cret") is True
    assert ring.items[(SERVICE, "EKU9003173C9")] == "s3cret"
    assert SecretStore(ring).get_password("EKU9003173C9") == "s3cret"  # another process would see it
    store.delete_password("EKU9003173C9")
    assert SecretStore(ring).get_password("EKU9003173C9") is None


def test_without_a_keyring_the_password_lives_only_in_memory():
    store = SecretStore(fail.Keyring())
    assert not store.keyring_available()
    assert store.set_password("EKU9003173C9", "s3cret") is False
    assert store.get_password("EKU9003173C9") == "s3cret"
    assert SecretStore(fail.Keyring()).get_password("EKU9003173C9") is None  # a new process must ask again
