"""What ``backprop-gui run`` sets up besides the session: the optimizer and penalty
options over the session's own, and the trace quantities the run will write."""

from __future__ import annotations

from .cli_arguments import CliError


def set_optimizer(debugger, args) -> None:
    """The optimizer and penalty options of ``run``, over the session's own."""
    from dataclasses import replace

    from .core.engine.optimizer_spec import OPTIMIZER_OPTIONS

    session = debugger.session
    options = {
        key: getattr(args, key)
        for key in {o for os_ in OPTIMIZER_OPTIONS.values() for o in os_} - {"betas"}
        if getattr(args, key) is not None
    }
    if args.beta1 is not None or args.beta2 is not None:
        beta1, beta2 = session.optimizer.betas
        options["betas"] = (
            beta1 if args.beta1 is None else args.beta1,
            beta2 if args.beta2 is None else args.beta2,
        )
    optimizer = session.optimizer
    if args.optimizer is not None:
        optimizer = replace(optimizer, name=args.optimizer)
    unused = [
        "--" + key.replace("_", "-").replace("betas", "beta1/--beta2")
        for key in options
        if key not in optimizer.options
    ]
    if unused:
        raise CliError(f"{unused[0]} does not apply to the {optimizer.name} optimizer")
    optimizer = replace(optimizer, **options)
    if optimizer != session.optimizer:
        debugger.set_optimizer(optimizer)
    if args.l1 is not None or args.l2 is not None:
        r = session.regularization
        debugger.set_regularization(
            replace(
                r,
                **{
                    k: getattr(args, k)
                    for k in ("l1", "l2")
                    if getattr(args, k) is not None
                },
            )
        )


def trace_quantities(args, session) -> list[str] | None:
    """The chosen trace quantities; one this run writes no row of is refused."""
    from .core.io.trace import QUANTITIES

    if args.trace_quantities is None:
        return None  # all of them ("" names none: refused below)
    chosen = [q.strip() for q in args.trace_quantities.split(",") if q.strip()]
    unknown = [q for q in chosen if q not in QUANTITIES]
    if not chosen:
        raise CliError(
            f"--trace-quantities: no trace quantities given "
            f"(known: {','.join(QUANTITIES)})"
        )
    if unknown:
        raise CliError(
            f"--trace-quantities: unknown trace quantities {', '.join(unknown)} "
            f"(known: {','.join(QUANTITIES)})"
        )
    absent = {
        name: f"the {session.optimizer.name} optimizer keeps no {name}"
        for name in ("velocity", "m", "v")
        if name not in session.optimizer.buffers
    }
    if not session.regularization.active:
        for name in ("data_loss", "penalty"):
            absent[name] = f"{name} is written only with a weight penalty (--l1, --l2)"
    for q in chosen:
        if q in absent:
            raise CliError(f"--trace-quantities {q}: {absent[q]}")
    return chosen
