# Memberships, officer appointments and invitations move to the registry (the directory), issue 11.
# Step 1 of 3: rename their tables to the registry's names, keeping every row. The registry then takes the
# models over in its state (registry 0002) and this app forgets them (accounts 0004).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="membership", table="registry_membership"),
        migrations.AlterModelTable(name="officerassignment", table="registry_officerassignment"),
        migrations.AlterModelTable(name="invitation", table="registry_invitation"),
    ]
