# Step 3 of 3 of the expert pool's move to the registry (issue 11): assignments point at registry.Expert,
# and this app forgets the expert models. State only: the tables and their rows are the registry's now.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_squashed_0002_expert_tables_to_registry"),
        ("registry", "0002_people_from_accounts_and_review"),
        # the market's profile must point at registry.Expert before review.Expert leaves the state
        ("market", "0001_squashed_0003_expert_in_registry"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="reviewassignment",
                    name="expert",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assignments",
                        to="registry.expert",
                        verbose_name="专家",
                    ),
                ),
                migrations.DeleteModel(name="ExpertConflict"),
                migrations.DeleteModel(name="ExpertCooperation"),
                migrations.DeleteModel(name="Expert"),
            ],
        ),
    ]
