"""xephang: kiosk and queue-ticketing system for Vietnam's one-stop reception halls."""
