"""admin_rules: admin screens of citizens' cases (issue 15)."""
