"""Problems found in uploads (codes of ledger.upload), and the store's and service's user messages."""

TEXT: dict[str, dict[str, str]] = {}
