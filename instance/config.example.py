# Copy to instance/config.py and adjust. Environment variables TRACKER_<NAME> override these.
# SECRET_KEY: leave it unset and a random key is made and kept in instance/secret_key.
# To set your own (at least 32 characters): python -c "import secrets; print(secrets.token_hex(32))"
# SECRET_KEY = "..."

# SQLite under instance/ is the default; for PostgreSQL:
# SQLALCHEMY_DATABASE_URI = "postgresql://tracker@127.0.0.1:5432/tracker"

# Days before a deadline when a task is shown as "sắp quá hạn".
DUE_SOON_DAYS = 3

# Days off announced by the Government on top of the statutory holidays, and Saturdays
# worked in exchange (dd/mm/yyyy is how the notices write them; give ISO dates here).
EXTRA_DAYS_OFF = ("2026-01-02",)
MAKEUP_WORKING_DAYS = ("2026-01-10",)
