"""The public and API addresses of citizens' cases, answers and dialogue sessions."""

from . import views_answers, views_public

urlpatterns = [*views_public.urlpatterns, *views_answers.urlpatterns]
