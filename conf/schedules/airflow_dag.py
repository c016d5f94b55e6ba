"""Driftwatch as a daily Airflow task: `flink run` of the Driftwatch jar against a Flink session cluster.

Copy into your DAGs folder and set the paths. The command is fixed: --since-last-run continues from the
last successful run in --output (re-analyzing the windows whose labels may still arrive, labels.horizon)
and reads only the input files dated within that range, so retries and catch-up are safe. A second run
on the same output while one is going exits 1 ("--output ... is in use by ..."); max_active_runs=1 keeps
Airflow from starting one. `flink run` waits for the job and exits non-zero when it fails.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

FLINK = "/opt/flink/bin/flink"
JOBMANAGER = "flink-jobmanager:8081"
JAR = "/opt/driftwatch/driftwatch-jobs-0.1.0-SNAPSHOT.jar"

# the Driftwatch command line (checked against the CLI by ScheduleRecipesTest)
DRIFTWATCH_ARGS = [
    "analyze",
    "--since-last-run",
    "--to", "today",
    "--config", "/etc/driftwatch/config.yaml",
    "--input", "s3://logs/predictions",
    "--labels", "s3://logs/labels",
    "--reference-profile", "s3://monitoring/driftwatch/reference",
    "--output", "s3://monitoring/driftwatch/daily",
    "--parallelism", "8",
]

with DAG(
    dag_id="driftwatch_daily",
    start_date=datetime(2026, 11, 1),
    schedule="30 1 * * *",
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=15)},
    tags=["monitoring"],
) as dag:
    BashOperator(
        task_id="analyze",
        bash_command=" ".join([FLINK, "run", "-m", JOBMANAGER, JAR] + DRIFTWATCH_ARGS),
    )
