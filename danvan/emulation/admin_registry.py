"""Admin screens of “Dân vận khéo” models (issue 16)."""
