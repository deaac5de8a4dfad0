"""Request context (client address) for audit records, without passing `request` down."""

from contextvars import ContextVar

client_ip: ContextVar[str | None] = ContextVar("audit_client_ip", default=None)
