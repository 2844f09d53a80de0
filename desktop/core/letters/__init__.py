"""Letters as data: texts and letterhead, the decision and contact letters, one queue-issue-archive pipeline."""
