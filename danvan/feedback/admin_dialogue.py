"""admin_dialogue: admin screens of citizens' cases (issue 15)."""
