"""Mail: the outbox and its sender, and the inbox agencies reply to."""
