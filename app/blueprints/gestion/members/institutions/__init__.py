"""The institutions of the province: list, add, suspend, retire, référent."""
