"""Running in production: health check, structured logs, backups."""
