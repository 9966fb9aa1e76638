"""stepgrad's neural-network library, built on autograd_core's public API only."""
