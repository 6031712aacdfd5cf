# Canada.ca style: November 10, 2026, 1:00 p.m. (always the minutes; noon is 12:00 p.m.).
DATE_FORMAT = "F j, Y"
TIME_FORMAT = "g:i\u00a0a"
DATETIME_FORMAT = "F j, Y, g:i\u00a0a"
SHORT_DATETIME_FORMAT = "m/d/Y g:i\u00a0a"
