# The expert pool moves to the registry (the directory), issue 11.
# Step 1 of 3: rename its tables to the registry's names, keeping every row. The registry then takes the
# models over in its state (registry 0002) and this app forgets them (review 0003).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="expert", table="registry_expert"),
        migrations.AlterModelTable(name="expertconflict", table="registry_expertconflict"),
        migrations.AlterModelTable(name="expertcooperation", table="registry_expertcooperation"),
    ]
