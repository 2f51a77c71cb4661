from django.contrib import admin

from chat.models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["user_id", "account"]
    search_fields = ["user_id", "account__username", "caregivers__username"]
    filter_horizontal = ["caregivers"]
    raw_id_fields = ["account"]
