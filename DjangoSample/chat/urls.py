from django.contrib.auth import views as auth_views
from django.urls import path, register_converter
from django.views.decorators.http import require_POST

from chat.converters import MemoryIdConverter, UserIdConverter
from chat.login_throttle import ThrottledAuthenticationForm
from chat.views import caregiver, chat, index, person_data

register_converter(UserIdConverter, "user_id")
register_converter(MemoryIdConverter, "memory_id")

urlpatterns = [
    path("", index.index_page, name="index"),
    path("accounts/login/", auth_views.LoginView.as_view(
        authentication_form=ThrottledAuthenticationForm, redirect_authenticated_user=True), name="login"),
    # POST only: Django 3.2's LogoutView also logs out on GET, which any page could trigger with an <img>.
    path("accounts/logout/", require_POST(auth_views.LogoutView.as_view()), name="logout"),
    path("chat/<user_id:user_id>/", chat.chat_page, name="chat"),
    path("caregiver/<user_id:user_id>/", caregiver.caregiver_page, name="caregiver"),
    path("caregiver/<user_id:user_id>/export/", person_data.export_person, name="caregiver-export"),
    path("caregiver/<user_id:user_id>/erase/", person_data.erase_person, name="caregiver-erase"),
    path(
        "caregiver/<user_id:user_id>/memories/<memory_id:memory_id>/delete/",
        caregiver.delete_memory,
        name="caregiver-delete",
    ),
    path(
        "caregiver/<user_id:user_id>/memories/<memory_id:memory_id>/revert/",
        caregiver.revert_memory,
        name="caregiver-revert",
    ),
]
