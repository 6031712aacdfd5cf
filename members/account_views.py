"""allauth's account views, answering 400 when a form comes back with errors."""

from allauth.account import views


class InvalidFormStatusMixin:
    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class SignupView(InvalidFormStatusMixin, views.SignupView):
    pass


class LoginView(InvalidFormStatusMixin, views.LoginView):
    pass


class PasswordChangeView(InvalidFormStatusMixin, views.PasswordChangeView):
    pass


class PasswordResetView(InvalidFormStatusMixin, views.PasswordResetView):
    pass


class PasswordResetFromKeyView(InvalidFormStatusMixin, views.PasswordResetFromKeyView):
    pass
