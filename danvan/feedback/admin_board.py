"""admin_board: admin screens of citizens' cases (issue 15)."""
