"""Imports every domain's models so metadata (and Alembic) sees all tables."""
from .agencies.models import Agency, AgencyAlias, AgencyEmail, AgencyGroup, AgencyGroupAlias  # noqa: F401
from .documents.models import Document  # noqa: F401
from .meetings.models import Meeting, MeetingInvitation, MeetingResponse, MeetingSeries, PrepRule  # noqa: F401
from .tasks.models import Attachment, ExtensionRequest, Task, TaskCodeCounter, TaskHistoryEntry  # noqa: F401
from .users.models import NotificationSetting, User  # noqa: F401
from .mail.models import InboundMessage, MailboxState, OutboxMessage, OutboxTask  # noqa: F401
from .calendars.models import FeedToken  # noqa: F401
from .calendars.changes import FeedChange  # noqa: F401
from .core.settings import AppSetting  # noqa: F401
from .reports.snapshot import FiguresSnapshot  # noqa: F401
from .tasks import archive  # noqa: F401 - its flush rule
from .scheduler.models import JobRun, SchedulerLease  # noqa: F401
from .users.models import LoginFailure  # noqa: F401
from .core.submissions import FormSubmission  # noqa: F401
