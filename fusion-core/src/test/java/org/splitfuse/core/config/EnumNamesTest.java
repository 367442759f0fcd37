package org.splitfuse.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.splitfuse.core.data.DatasetName;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.plan.PlanKind;

class EnumNamesTest {

    @Test
    void readsTheUsersSpellingAndTheConstantsName() {
        assertEquals(ModelFamily.VGG11_BN, EnumNames.parse(ModelFamily.class, "model", " vgg11-bn "));
        assertEquals(ModelFamily.VGG11_BN, EnumNames.parse(ModelFamily.class, "model", "VGG11_BN"));
        assertEquals(PlanKind.SYNC_DP, PlanKind.parse("Sync-DP"));
        assertEquals("small-cnn", ModelFamily.SMALL_CNN.id());
        assertEquals("fashion-mnist", DatasetName.FASHION_MNIST.id());
    }

    @Test
    void anUnknownNameGetsOneMessageListingTheAllowedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetName.parse("imagenet"));
        assertEquals("unknown data set 'imagenet'; known: fashion-mnist, mnist, cifar10, cifar100", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelFamily.parse("alexnet"));
        assertEquals("unknown model 'alexnet'; known: mlp, small-cnn, vgg11-bn, resnet18", e.getMessage());
    }
}
