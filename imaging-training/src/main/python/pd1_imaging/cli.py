"""Command line: train, compare and generate.

Run with Debian's interpreter and this folder on PYTHONPATH, for example
PYTHONPATH=imaging-training/src/main/python /usr/bin/python3 -m pd1_imaging train --help
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import models, synthetic
from .augment import NO_AUGMENTATION, AugmentationConfig
from .cohort import CohortError
from .pipeline import compare, train_and_export
from .training import BALANCING, OPTIMIZERS, TrainingConfig


def _add_training_options(parser: argparse.ArgumentParser) -> None:
    defaults = TrainingConfig()
    parser.add_argument("--optimizer", choices=OPTIMIZERS, default=defaults.optimizer,
                        help="adam, or sgd with Nesterov momentum (default %(default)s)")
    parser.add_argument("--learning-rate", type=float, default=None,
                        help="initial learning rate (default 0.001 for adam, 0.01 for sgd)")
    parser.add_argument("--momentum", type=float, default=defaults.momentum, help="SGD momentum (default %(default)s)")
    parser.add_argument("--weight-decay", type=float, default=defaults.weight_decay, help="L2 penalty (default %(default)s)")
    parser.add_argument("--batch-size", type=int, default=defaults.batch_size, help="images per step (default %(default)s)")
    parser.add_argument("--max-epochs", type=int, default=defaults.max_epochs, help="maximum epochs (default %(default)s)")
    parser.add_argument("--patience", type=int, default=defaults.patience,
                        help="epochs without a better validation AUC before stopping (default %(default)s)")
    parser.add_argument("--time-budget-s", type=float, default=defaults.time_budget_seconds,
                        help="wall-clock seconds per training run; stops after the epoch that exceeds it, 0 = none")
    parser.add_argument("--balancing", choices=BALANCING, default=defaults.balancing,
                        help="class balancing: inverse-frequency loss weights, balanced sampling, or none")
    parser.add_argument("--no-augmentation", action="store_true", help="train on the tensors as they are")
    parser.add_argument("--seed", type=int, default=defaults.seed, help="seed of every random draw (default %(default)s)")
    parser.add_argument("--threads", type=int, default=defaults.threads,
                        help="torch CPU threads; results repeat exactly for the same seed and thread count")


def _training_config(arguments: argparse.Namespace, architecture: str) -> TrainingConfig:
    learning_rate = arguments.learning_rate
    if learning_rate is None:
        learning_rate = 0.01 if arguments.optimizer == "sgd" else 0.001
    return TrainingConfig(
        architecture=architecture, optimizer=arguments.optimizer, learning_rate=learning_rate,
        momentum=arguments.momentum, weight_decay=arguments.weight_decay, batch_size=arguments.batch_size,
        max_epochs=arguments.max_epochs, patience=arguments.patience,
        time_budget_seconds=arguments.time_budget_s, balancing=arguments.balancing, seed=arguments.seed,
        threads=arguments.threads,
        augmentation=NO_AUGMENTATION if arguments.no_augmentation else AugmentationConfig())


def _task(value: str) -> tuple[str, Path]:
    name, separator, folder = value.partition("=")
    if not separator or not name or not folder:
        raise argparse.ArgumentTypeError(f"expected TASK=COHORT_FOLDER, found {value!r}")
    return name, Path(folder)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pd1_imaging", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    train = commands.add_parser("train", help="train one network on a cohort folder and export ONNX and its card")
    train.add_argument("--cohort", type=Path, required=True, help="folder written by the cohort command")
    train.add_argument("--out", type=Path, required=True,
                       help="output folder for model.onnx, model-card.json and reference/ outputs")
    train.add_argument("--architecture", choices=list(models.ARCHITECTURES), default="study-cnn")
    train.add_argument("--folds", type=int, default=0,
                       help="also run stratified k-fold cross-validation on the train split (0 = skip)")
    train.add_argument("--name", default="imaging-cnn", help="model name in the card (default %(default)s)")
    train.add_argument("--version", default="1", help="model version in the card (default %(default)s)")
    train.add_argument("--class-labels", default="negative,positive",
                       help="names of labels 0 and 1, comma-separated (default %(default)s)")
    _add_training_options(train)

    comparison = commands.add_parser("compare", help="train every architecture on each task and tabulate AUCs")
    comparison.add_argument("--cohort", type=_task, action="append", required=True, metavar="TASK=FOLDER",
                            help="a task name and its cohort folder; repeat for several tasks")
    comparison.add_argument("--architectures", default=",".join(models.ARCHITECTURES),
                            help="comma-separated architectures (default %(default)s)")
    comparison.add_argument("--out", type=Path, required=True,
                            help="folder for comparison.md, comparison.json and predictions.csv")
    _add_training_options(comparison)

    generate = commands.add_parser("generate", help="write a generated cohort (no real data) in the cohort format")
    generate.add_argument("--out", type=Path, required=True)
    generate.add_argument("--cases", type=int, default=60)
    generate.add_argument("--positive-fraction", type=float, default=0.4)
    generate.add_argument("--seed", type=int, default=7)
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        if arguments.command == "train":
            labels = tuple(arguments.class_labels.split(","))
            if len(labels) != 2 or not all(labels):
                raise ValueError(f"--class-labels must name two labels, found {arguments.class_labels!r}")
            train_and_export(arguments.cohort, arguments.out, _training_config(arguments, arguments.architecture),
                             name=arguments.name, version=arguments.version, class_labels=labels,
                             folds=arguments.folds)
        elif arguments.command == "compare":
            architectures = arguments.architectures.split(",")
            unknown = [a for a in architectures if a not in models.ARCHITECTURES]
            if unknown:
                raise ValueError(f"--architectures must come from {', '.join(models.ARCHITECTURES)}, found {unknown}")
            tasks = dict(arguments.cohort)
            compare(tasks, architectures, _training_config(arguments, architectures[0]), arguments.out)
        else:
            synthetic.write_cohort(arguments.out, arguments.cases, arguments.positive_fraction, arguments.seed)
    except (CohortError, ValueError) as error:
        print(f"pd1_imaging {arguments.command}: {error}", file=sys.stderr)
        return 2
    return 0
