"""The tuned path: the same backward pass as ``engine.py``, made fast (read ``engine.py`` first).

``node.py`` stores nodes compactly, ``methods.py`` makes ``Value``'s operators with node creation
inlined, ``order.py`` finds the backward order with shortcuts, ``chain.py`` applies the chain
rule unrolled, ``layers.py`` makes a layer's weighted sums in one call. Property tests prove the
results equal to the reference bit for bit (tests/autograd_core/test_fast_equals_reference.py).
"""

from .chain import backward, propagate_all
from .order import backward_order, topological_order

__all__ = ["backward", "backward_order", "propagate_all", "topological_order"]
