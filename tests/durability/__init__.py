"""The crash harness (issue 17): a writer that is killed at random and a verifier that nothing acknowledged is lost."""
