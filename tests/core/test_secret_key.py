"""The app never serves with a key anyone can read in this repository."""
import pytest

from tracker import create_app


@pytest.mark.parametrize("key", ["replace-with-a-long-random-string", "short-key"])
def test_a_published_or_short_key_stops_the_start(tmp_path, key):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"TESTING": True, "CHECK_SECRET_KEY": True, "SECRET_KEY": key,
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/t.sqlite"})


def test_the_placeholder_is_replaced_by_a_random_kept_key(tmp_path):
    config = {"TESTING": True, "CHECK_SECRET_KEY": True, "SECRET_KEY": "dev-only-change-me",
              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/t.sqlite"}
    first = create_app(config)
    assert first.config["SECRET_KEY"] != "dev-only-change-me" and len(first.config["SECRET_KEY"]) >= 32
    assert create_app(config).config["SECRET_KEY"] == first.config["SECRET_KEY"]  # kept across restarts
