"""Reply handling: what an inbound message means for tasks, documents and meetings, and the
office's queue for what needs a person. Above the mail transport, tasks and documents."""
