"""admin_cases: admin screens of citizens' cases (issue 15)."""
