"""Tadamun: the platform of Social and Solidarity Economy ecosystems in the Maghreb."""
