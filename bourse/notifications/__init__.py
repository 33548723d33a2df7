"""In-app notifications, the e-mail outbox and saved-search alerts."""
