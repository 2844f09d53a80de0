"""The Esbjerg plan: versions drafted, agreed and compared, and the printable summary for the resident."""
