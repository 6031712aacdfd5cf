# Canadian French: 10 novembre 2026 à 13 h 05, never a 24-hour "13:05".
TIME_FORMAT = "G\u00a0\\h\u00a0i"
DATETIME_FORMAT = "j F Y à G\u00a0\\h\u00a0i"
SHORT_DATETIME_FORMAT = "d/m/Y G\u00a0\\h\u00a0i"
