"""The intake: from a melding through the research and the aanvraag to the casus's outcome (Wmo 2015 §2.3)."""
