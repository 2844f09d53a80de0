"""The accounts of the CLI tests' empty database."""

PASSWORD = "paarse olifant fietst 42"  # for both users below; KOERS_PASSWORD signs in as either
AS_CONSULENT = ("--as", "carla")
