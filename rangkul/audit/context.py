"""Request context (client address) for audit records, without passing `request` down."""

from rangkul.lib.client_ip import current_client_ip as client_ip

__all__ = ["client_ip"]
