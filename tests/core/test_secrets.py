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


def test_a_keyring_that_keeps_passwords_in_a_file_is_no_keyring(tmp_path):
    """Without a system keyring, ``keyring`` picks any backend installed: keyrings.alt's PlaintextKeyring (priority
    0.5) wrote the FIEL password, base64-encoded, to ~/.local/share/python_keyring/keyring_pass.cfg."""
    from keyring.backend import KeyringBackend
    from keyring.backends.chainer import ChainerBackend

    cfg = tmp_path / "keyring_pass.cfg"

    class PlaintextKeyring(KeyringBackend):
        priority = 0.5

        def set_password(self, service, username, password):
            cfg.write_text(f"{service} {username} {password}")

        def get_password(self, service, username):
            return None

        def delete_password(self, service, username):
            pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"  # where keyrings.alt defines it
    for ring in (PlaintextKeyring(), _chain(ChainerBackend, PlaintextKeyring())):
        store = SecretStore(ring)
        assert not store.keyring_available()
        assert store.set_password("EKU9003173C9", "s3cret") is False  # memory only, and said so
        assert store.get_password("EKU9003173C9") == "s3cret"
        assert not cfg.exists()


def _chain(chainer, *backends):
    ring = chainer.__new__(chainer)
    ring.__dict__["backends"] = list(backends)
    return ring
