"""The Commission hub: the Member States' transmission files in, checked, versioned and
aggregated EU statistics out (hub-v1)."""
