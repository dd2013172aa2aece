"""When follow-up mail is due: plain date arithmetic over the working calendar."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.dates import WorkingCalendar


@dataclass(frozen=True)
class FollowupPolicy:
    calendar: WorkingCalendar
    #: Working days before the deadline a reminder goes out; 0 is the deadline day itself.
    reminder_days: tuple[int, ...] = (3, 0)
    #: Overdue this many working days: the office is told and the task marked escalated.
    escalate_after: int = 5
    #: Mail due on a weekend or holiday goes out on the next working day unless this is set.
    send_on_days_off: bool = False
    digest_weekday: int = 0  #: Monday

    @classmethod
    def from_config(cls, config: dict) -> "FollowupPolicy":
        return cls(WorkingCalendar.from_config(config), tuple(config["REMINDER_WORKING_DAYS"]),
                   int(config["ESCALATE_AFTER_WORKING_DAYS"]), bool(config["SEND_ON_DAYS_OFF"]),
                   int(config["DIGEST_WEEKDAY"]))

    def send_day(self, day: dt.date) -> dt.date:
        return day if self.send_on_days_off else self.calendar.next_working_day(day)

    def reminder_day(self, due: dt.date, days_before: int) -> dt.date:
        day = self.calendar.add_working_days(due, -days_before) if days_before else due
        return self.send_day(day)

    def overdue_day(self, due: dt.date) -> dt.date:
        """The working day after a missed deadline."""
        return self.calendar.add_working_days(due, 1)

    def escalation_day(self, due: dt.date) -> dt.date:
        return self.calendar.add_working_days(due, self.escalate_after)

    def digest_day(self, today: dt.date) -> dt.date:
        """This week's digest day: the configured weekday, or the next working day after it."""
        monday = today - dt.timedelta(days=today.weekday())
        return self.send_day(monday + dt.timedelta(days=self.digest_weekday))
