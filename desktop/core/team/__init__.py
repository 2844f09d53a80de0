"""The casusregisseur's work across consulenten: handing over cases."""
