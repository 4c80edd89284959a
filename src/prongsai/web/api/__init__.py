"""The REST API (`/api/v1/`, django-ninja) and the personal tokens that open it."""
