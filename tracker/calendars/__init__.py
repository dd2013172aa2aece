"""iCalendar feeds of deadlines and meetings that people subscribe to in Outlook and Google."""
