"""The one audit trail: append-only AuditEvent rows written through services.record()."""
