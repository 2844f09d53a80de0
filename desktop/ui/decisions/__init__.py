"""The decision screen: one beschikking with its periods, months, chart and hours entry."""
