"""Every rule and use case of Koers, without Qt. The GUI, the CLI and the tests all come through here."""
