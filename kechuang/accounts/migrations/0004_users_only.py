# Step 3 of 3 of the directory's move to the registry (issue 11): this app forgets memberships, officer
# appointments and invitations (their tables and rows are the registry's now), and ``User.is_expert`` goes:
# whether a user is a review expert is derived from their active entry in the registry's expert pool.
# Going back restores the flag from that pool.

from django.db import migrations


def restore_is_expert(apps, schema_editor):
    user = apps.get_model("accounts", "User")
    expert = apps.get_model("registry", "Expert")
    active = expert.objects.using(schema_editor.connection.alias).filter(is_active=True, user__isnull=False)
    user.objects.using(schema_editor.connection.alias).filter(pk__in=active.values("user_id")).update(
        is_expert=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_squashed_0003_directory_tables_to_registry"),
        ("registry", "0002_people_from_accounts_and_review"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Membership"),
                migrations.DeleteModel(name="OfficerAssignment"),
                migrations.DeleteModel(name="Invitation"),
            ],
        ),
        migrations.RunPython(migrations.RunPython.noop, restore_is_expert),
        migrations.RemoveField(model_name="user", name="is_expert"),
    ]
