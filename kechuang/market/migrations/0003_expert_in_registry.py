# The expert pool moved to the registry (issue 11): the market profile now points at registry.Expert.
# State only: the table was renamed (review 0002) and the foreign key follows it in the database.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0002_events_outcomes"),
        ("registry", "0002_people_from_accounts_and_review"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="expertprofile",
                    name="expert",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="market_profile",
                        to="registry.expert",
                        verbose_name="专家",
                    ),
                ),
            ],
        ),
    ]
