"""Servers and apps the receiver tests run."""
